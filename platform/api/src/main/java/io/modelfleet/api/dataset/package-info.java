/** Training datasets: schema, items with label history, imports from data sources, immutable published versions. */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.modelfleet.api.dataset;
