/** Edge-side SPI: inference runtimes the agent loads models into (ONNX Runtime first). */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.modelfleet.api.spi.runtime;
