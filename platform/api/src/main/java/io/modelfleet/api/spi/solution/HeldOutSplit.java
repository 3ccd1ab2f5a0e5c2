package io.modelfleet.api.spi.solution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.modelfleet.api.InvalidInputException;

/**
 * A stratified, seeded train/held-out split: each class gives round(n × fraction) of its n rows to the held-out
 * split, but always keeps at least one for training, so every class the held-out split has is one the model knows.
 * Both index lists are in dataset order. Every solution that holds out uses this one, so the same seed splits the same
 * dataset the same way whichever solution trains on it.
 *
 * @param train indexes of the items to train on
 * @param test indexes of the held-out items
 */
public record HeldOutSplit(List<Integer> train, List<Integer> test) {

    /**
     * @param labels the items' labels in dataset order (every item labelled)
     * @param fraction the share of each class to hold out, in [0, 1)
     * @throws InvalidInputException when no class has two items, so nothing can be held out
     */
    public static HeldOutSplit stratified(List<String> labels, double fraction, long seed) {
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            byClass.computeIfAbsent(labels.get(i), label -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        List<Integer> largest = null;
        for (List<Integer> rows : byClass.values()) {
            Collections.shuffle(rows, random);
            int held = Math.min((int) Math.round(rows.size() * fraction), rows.size() - 1);
            test.addAll(rows.subList(0, held));
            train.addAll(rows.subList(held, rows.size()));
            if (largest == null || rows.size() > largest.size()) {
                largest = rows;
            }
        }
        if (test.isEmpty()) {
            if (largest == null || largest.size() < 2) {
                throw new InvalidInputException("too few labelled rows per class to hold any out for evaluation");
            }
            Integer moved = largest.get(0);
            train.remove(moved);
            test.add(moved);
        }
        Collections.sort(train);
        Collections.sort(test);
        return new HeldOutSplit(List.copyOf(train), List.copyOf(test));
    }
}
