package io.modelfleet.tribuo.sgd;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tribuo.common.sgd.AbstractSGDTrainer;

import io.modelfleet.api.spi.solution.TrainingContext;

/**
 * Follows a Tribuo SGD training on the calling thread. Tribuo's SGD trainers run every epoch inside one call and say
 * nothing but log lines, so the trainer is given a logging interval of one epoch's gradient steps, and a filter on
 * the trainer's java.util.logging logger hands the records of a followed thread to its follower instead of the
 * logger's handlers: "At iteration N, average loss = L" becomes the run's progress and a log line, anything else a
 * log line of the run (not of the server). The follower also stops the training when the run is cancelled: the
 * {@link CancellationException} it throws unwinds out of the trainer's loop (java.util.logging does not catch it).
 */
public final class SgdEpochs implements AutoCloseable {
    /** Held strongly: the filter and level set on it must not be lost to a garbage-collected logger. */
    private static final Logger TRAINER_LOG = Logger.getLogger(AbstractSGDTrainer.class.getName());
    private static final Map<Thread, SgdEpochs> FOLLOWED = new ConcurrentHashMap<>();
    private static final Pattern ITERATION = Pattern.compile("At iteration (\\d+), average loss = (\\S+)");

    static {
        Filter previous = TRAINER_LOG.getFilter();
        if (previous != null && previous.getClass().getName().equals(FollowingFilter.class.getName())) {
            previous = ((Supplier<?>) previous).get() instanceof Filter earlier ? earlier : null;
        }
        TRAINER_LOG.setFilter(new FollowingFilter(previous));
        if (!TRAINER_LOG.isLoggable(Level.INFO)) {
            TRAINER_LOG.setLevel(Level.INFO);
        }
    }

    /**
     * Hands a followed thread's records to its follower. The logger outlives this bundle: an updated copy of the bundle
     * replaces the filter of the old copy (keeping what that one chained to) instead of chaining to it, so the old
     * class loader is not kept alive.
     */
    private static final class FollowingFilter implements Filter, Supplier<Filter> {
        private final Filter previous;

        FollowingFilter(Filter previous) {
            this.previous = previous;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            SgdEpochs follower = FOLLOWED.get(Thread.currentThread());
            if (follower == null) {
                return previous == null || previous.isLoggable(record);
            }
            follower.publish(record);
            return false;
        }

        /** The filter this one chains to. */
        @Override
        public Filter get() {
            return previous;
        }
    }

    private final TrainingContext context;
    private final int epochs;
    private final int stepsPerEpoch;
    private final int rows;
    private final double from;
    private final double to;
    private double lastLoss = Double.NaN;

    /**
     * Follows the calling thread until {@link #close()}: epochs move the run's progress from {@code from} to
     * {@code to}.
     */
    public SgdEpochs(TrainingContext context, int epochs, int stepsPerEpoch, int rows, double from, double to) {
        this.context = context;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.rows = rows;
        this.from = from;
        this.to = to;
        FOLLOWED.put(Thread.currentThread(), this);
    }

    private void publish(LogRecord record) {
        String message = record.getMessage();
        if (message == null) {
            return;
        }
        Matcher iteration = ITERATION.matcher(message);
        if (!iteration.matches()) {
            context.log("tribuo: " + message);
            return;
        }
        int epoch = (int) (Long.parseLong(iteration.group(1)) / stepsPerEpoch);
        try {
            // Tribuo's LogMulticlass "loss" is the log-likelihood of the true class, summed over the epoch and divided
            // by the logging interval: its negation per row is the mean cross-entropy
            lastLoss = -Double.parseDouble(iteration.group(2)) * stepsPerEpoch / rows;
        } catch (NumberFormatException e) {
            lastLoss = Double.NaN;
        }
        context.log(String.format(Locale.ROOT, "epoch %d/%d: mean cross-entropy %.6f", epoch, epochs, lastLoss));
        context.progress(from + (to - from) * epoch / epochs, "training: epoch " + epoch + " of " + epochs);
        if (context.cancelled()) {
            throw new CancellationException("training was cancelled after epoch " + epoch + " of " + epochs);
        }
    }

    /** The mean cross-entropy per training row in the last epoch, NaN before the first. */
    public double lastLoss() {
        return lastLoss;
    }

    @Override
    public void close() {
        FOLLOWED.remove(Thread.currentThread(), this);
    }
}
