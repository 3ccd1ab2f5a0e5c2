/** Tribuo's SGD classifiers for ModelFleet solutions: their parameters and trainers, and following a training run (progress, log lines, cancellation). */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.tribuo.sgd;
