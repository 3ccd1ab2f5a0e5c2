package io.modelfleet.tribuo.sgd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.SGD;

/**
 * The SGD classifier the classification solutions train: multinomial logistic regression or a factorization machine,
 * with its optimiser. One definition of the parameters (their JSON Schema properties, so every solution offers them in
 * the same words and bounds) and of the Tribuo trainer they make.
 *
 * @param algorithm {@value #LOGISTIC_REGRESSION} or {@value #FACTORIZATION_MACHINE}
 * @param optimizer adagrad, adam or sgd
 */
public record SgdClassifier(String algorithm, int epochs, double learningRate, String optimizer, int minibatchSize,
        int factors) {
    public static final String LOGISTIC_REGRESSION = "logistic-regression";
    public static final String FACTORIZATION_MACHINE = "factorization-machine";

    /**
     * The parameters' JSON Schema properties (draft 2020-12), to place inside a solution's {@code "properties"}
     * object: algorithm, epochs, learningRate, optimizer, minibatchSize, factors.
     *
     * @param what what one training example is ("rows", "images"), for the descriptions
     */
    public static String schemaProperties(int defaultEpochs, double defaultLearningRate, String what) {
        return String.format(Locale.ROOT, """
                "algorithm": {
                  "type": "string", "enum": ["logistic-regression", "factorization-machine"],
                  "default": "logistic-regression", "title": "Algorithm",
                  "description": "Multinomial logistic regression (linear), or a factorization machine (linear plus pairwise feature interactions); both output softmax probabilities"
                },
                "epochs": {
                  "type": "integer", "minimum": 1, "maximum": 1000, "default": %d, "title": "Epochs",
                  "description": "Passes over the training split"
                },
                "learningRate": {
                  "type": "number", "exclusiveMinimum": 0, "maximum": 10, "default": %s, "title": "Learning rate",
                  "description": "Initial step size of the optimizer"
                },
                "optimizer": {
                  "type": "string", "enum": ["adagrad", "adam", "sgd"], "default": "adagrad", "title": "Optimizer",
                  "description": "AdaGrad, Adam, or plain SGD with a linearly decaying step size"
                },
                "minibatchSize": {
                  "type": "integer", "minimum": 1, "maximum": 1024, "default": 1, "title": "Minibatch size",
                  "description": "%s per gradient step"
                },
                "factors": {
                  "type": "integer", "minimum": 1, "maximum": 64, "default": 4, "title": "Factors",
                  "description": "Size of the factorization machine's interaction factors (factorization-machine only)"
                }""", defaultEpochs, Double.toString(defaultLearningRate),
                what.substring(0, 1).toUpperCase(Locale.ROOT) + what.substring(1));
    }

    /** Gradient steps per epoch over {@code examples} training examples. */
    public int stepsPerEpoch(int examples) {
        return (examples + minibatchSize - 1) / minibatchSize;
    }

    /** Tribuo's trainer for these settings; {@code seed} makes shuffling and initialisation repeatable. */
    public Trainer<Label> trainer(int stepsPerEpoch, long seed) {
        StochasticGradientOptimiser optimiser = switch (optimizer) {
            case "adam" -> new Adam(learningRate, 0.9, 0.999, 1e-8);
            case "sgd" -> SGD.getLinearDecaySGD(learningRate);
            default -> new AdaGrad(learningRate, 1e-6);
        };
        if (FACTORIZATION_MACHINE.equals(algorithm)) {
            return new FMClassificationTrainer(new LogMulticlass(), optimiser, epochs, stepsPerEpoch, minibatchSize, seed,
                    factors, 0.1);
        }
        return new LinearSGDTrainer(new LogMulticlass(), optimiser, epochs, stepsPerEpoch, minibatchSize, seed);
    }

    /** A trained model's class names in its output index order: the order of the exported probabilities. */
    public static List<String> classOrder(Model<Label> model) {
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            classes.add(outputs.getOutput(i).getLabel());
        }
        return List.copyOf(classes);
    }

    /** The settings for a run's report, factors only where they mean something. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("algorithm", algorithm);
        map.put("epochs", epochs);
        map.put("learningRate", learningRate);
        map.put("optimizer", optimizer);
        map.put("minibatchSize", minibatchSize);
        if (FACTORIZATION_MACHINE.equals(algorithm)) {
            map.put("factors", factors);
        }
        return map;
    }
}
