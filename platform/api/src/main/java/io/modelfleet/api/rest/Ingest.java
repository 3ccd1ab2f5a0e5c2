package io.modelfleet.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that takes bulk data from edges (result and event batches). Such requests are admitted under
 * their own concurrency limit: past it they are refused at once with 429 and Retry-After, which agents honour, instead
 * of queueing for database connections the operators' requests need too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Ingest {
}
