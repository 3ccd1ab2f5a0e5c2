@org.osgi.annotation.versioning.Version("1.1.0")
package io.modelfleet.api.rest;
