package io.modelfleet.agent.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Simulated traffic: the model's sample input with every number replaced by a random one in [-1, 1]. */
final class Perturb {
    private Perturb() {
    }

    static Map<String, Object> randomize(Map<String, Object> sample) {
        Map<String, Object> copy = new LinkedHashMap<>();
        sample.forEach((key, value) -> copy.put(key, randomValue(value)));
        return copy;
    }

    private static Object randomValue(Object value) {
        if (value instanceof Number) {
            return ThreadLocalRandom.current().nextDouble(-1, 1);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(randomValue(item));
            }
            return copy;
        }
        return value;
    }
}
