/** Following Tribuo's SGD trainers from a ModelFleet training run: progress, log lines, cancellation. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.tribuo.sgd;
