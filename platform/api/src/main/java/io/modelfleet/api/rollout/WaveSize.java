package io.modelfleet.api.rollout;

import io.modelfleet.api.InvalidInputException;

/** How many of the rollout's edges one wave takes: a number of edges or a percentage of all (rounded up). */
public record WaveSize(Integer edges, Double percent) {
    public WaveSize {
        if ((edges == null) == (percent == null)) {
            throw new InvalidInputException("each wave gives either edges (a count) or percent");
        }
        if (edges != null && (edges < 1 || edges > 100_000)) {
            throw new InvalidInputException("a wave's edges must be between 1 and 100000, was " + edges);
        }
        if (percent != null && !(percent > 0 && percent <= 100)) {
            throw new InvalidInputException("a wave's percent must be above 0 and at most 100, was " + percent);
        }
    }

    public static WaveSize ofEdges(int edges) {
        return new WaveSize(edges, null);
    }

    public static WaveSize ofPercent(double percent) {
        return new WaveSize(null, percent);
    }

    /** The number of edges out of {@code total}, at least one. */
    public int count(int total) {
        return edges != null ? edges : Math.max(1, (int) Math.ceil(total * percent / 100.0 - 1e-9));
    }

    @Override
    public String toString() {
        return edges != null ? edges + " edge(s)" : percent + " %";
    }
}
