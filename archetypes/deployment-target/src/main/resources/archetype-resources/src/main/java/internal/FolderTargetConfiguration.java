package ${package}.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One configuration, one target (factory PID {@value PID}). The README's configuration table lists these
 * attributes: keep the two in step.
 */
@ObjectClassDefinition(name = "Folder deployment target (${pluginId})",
        description = "Writes each edge's signed manifest as a file into a folder")
public @interface FolderTargetConfiguration {
    String PID = "${package}";

    @AttributeDefinition(description = "Target id that edges name")
    String id() default "${pluginId}";

    @AttributeDefinition(description = "Folder the manifests are written to (relative to the server's folder)")
    String folder() default "data/${pluginId}";

    @AttributeDefinition(description = "How long a written manifest is valid (hours)")
    int manifestValidityHours() default 168;
}
