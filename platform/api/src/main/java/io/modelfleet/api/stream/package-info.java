/** Streams (a solution trained on a dataset with parameters, on a backend) and their training runs. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.modelfleet.api.stream;
