package io.modelfleet.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import io.modelfleet.api.model.DriftBin;
import io.modelfleet.api.model.DriftMeasure;

/**
 * Two-sample comparisons for drift: the population stability index over shared bins (deciles of the reference for
 * numbers, the categories for labels), and a test of "same distribution": Kolmogorov-Smirnov for numbers,
 * chi-square homogeneity for categories. Shares are smoothed by half a count per bin so an empty bin does not make
 * the PSI infinite.
 */
final class DriftStatistics {
    static final int BINS = 10;

    private DriftStatistics() {
    }

    static DriftMeasure numeric(String name, double[] reference, double[] live, double psiThreshold, double alpha) {
        double[] ref = reference.clone();
        double[] now = live.clone();
        Arrays.sort(ref);
        Arrays.sort(now);
        // inner cut points: deciles of the reference, duplicates dropped (a feature with few values has fewer bins)
        TreeSet<Double> cuts = new TreeSet<>();
        for (int i = 1; i < BINS; i++) {
            cuts.add(ref[(int) Math.floor((double) i * ref.length / BINS)]);
        }
        cuts.remove(ref[0]);
        double[] edges = cuts.stream().mapToDouble(Double::doubleValue).toArray();
        long[] refCounts = histogram(ref, edges);
        long[] liveCounts = histogram(now, edges);
        List<DriftBin> bins = new ArrayList<>();
        double psi = 0;
        for (int b = 0; b < refCounts.length; b++) {
            double r = share(refCounts[b], ref.length, refCounts.length);
            double l = share(liveCounts[b], now.length, refCounts.length);
            psi += (l - r) * Math.log(l / r);
            String label = b == 0 ? "< " + format(edges.length == 0 ? Double.POSITIVE_INFINITY : edges[0])
                    : b == refCounts.length - 1 ? ">= " + format(edges[b - 1])
                    : format(edges[b - 1]) + " .. " + format(edges[b]);
            bins.add(new DriftBin(label, (double) refCounts[b] / ref.length, (double) liveCounts[b] / now.length));
        }
        double d = ksStatistic(ref, now);
        double p = ksPValue(d, ref.length, now.length);
        return new DriftMeasure(name, "kolmogorov-smirnov", psi, d, p, psi >= psiThreshold && p < alpha, bins);
    }

    static DriftMeasure categorical(String name, Map<String, Long> reference, Map<String, Long> live,
            double psiThreshold, double alpha) {
        TreeSet<String> categories = new TreeSet<>(reference.keySet());
        categories.addAll(live.keySet());
        long n = reference.values().stream().mapToLong(Long::longValue).sum();
        long m = live.values().stream().mapToLong(Long::longValue).sum();
        List<DriftBin> bins = new ArrayList<>();
        double psi = 0;
        double chi2 = 0;
        for (String category : categories) {
            long a = reference.getOrDefault(category, 0L);
            long b = live.getOrDefault(category, 0L);
            double r = share(a, n, categories.size());
            double l = share(b, m, categories.size());
            psi += (l - r) * Math.log(l / r);
            double total = a + b;
            double expectedA = total * n / (n + m);
            double expectedB = total * m / (n + m);
            chi2 += (a - expectedA) * (a - expectedA) / expectedA + (b - expectedB) * (b - expectedB) / expectedB;
            bins.add(new DriftBin(category, n == 0 ? 0 : (double) a / n, m == 0 ? 0 : (double) b / m));
        }
        int df = Math.max(1, categories.size() - 1);
        double p = categories.size() < 2 ? 1.0 : chiSquareSurvival(chi2, df);
        return new DriftMeasure(name, "chi-square", psi, chi2, p, psi >= psiThreshold && p < alpha, bins);
    }

    private static double share(long count, long total, int bins) {
        return (count + 0.5) / (total + 0.5 * bins);
    }

    /** Counts per bin: below edges[0], [edges[i-1], edges[i]), at or above the last. */
    private static long[] histogram(double[] sorted, double[] edges) {
        long[] counts = new long[edges.length + 1];
        int bin = 0;
        for (double value : sorted) {
            while (bin < edges.length && value >= edges[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        return counts;
    }

    /** The largest distance between the two empirical distribution functions (both arrays sorted). */
    static double ksStatistic(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** The asymptotic two-sample p-value, with Stephens' small-sample correction. */
    static double ksPValue(double d, int n, int m) {
        double en = Math.sqrt((double) n * m / (n + m));
        double lambda = (en + 0.12 + 0.11 / en) * d;
        if (lambda < 0.2) {
            return 1.0;
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 2 : -2) * term;
            if (term < 1e-12) {
                break;
            }
        }
        return Math.max(0, Math.min(1, sum));
    }

    /** P(X >= x) for a chi-square distribution with df degrees of freedom: the regularized upper gamma Q(df/2, x/2). */
    static double chiSquareSurvival(double x, int df) {
        if (x <= 0) {
            return 1.0;
        }
        double a = df / 2.0;
        double z = x / 2.0;
        return z < a + 1 ? 1.0 - lowerGammaSeries(a, z) : upperGammaFraction(a, z);
    }

    private static double lowerGammaSeries(double a, double x) {
        double sum = 1.0 / a;
        double term = sum;
        for (int n = 1; n < 1000; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * 1e-15) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double upperGammaFraction(double a, double x) {
        // Lentz's continued fraction (Numerical Recipes, gcf)
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 1000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** Lanczos approximation of ln Γ(x), x > 0. */
    static double logGamma(double x) {
        double[] g = { 76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155,
                0.1208650973866179e-2, -0.5395239384953e-5 };
        double y = x;
        double tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.log(tmp);
        double ser = 1.000000000190015;
        for (double coefficient : g) {
            ser += coefficient / ++y;
        }
        return -tmp + Math.log(2.5066282746310005 * ser / x);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
