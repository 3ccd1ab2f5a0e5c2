package io.modelfleet.plugin.target.gitops.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One configuration, one GitOps deployment target (factory PID {@value #PID}). Secrets are named with a leading dot
 * ({@code .token}, {@code .sshPrivateKey}, {@code .sshPassphrase}: a method name's leading {@code _} maps to
 * {@code .}), so Declarative Services keeps them out of the service properties.
 */
@ObjectClassDefinition(name = "ModelFleet GitOps deployment target",
        description = "Writes the desired state of edges into a Git repository and reads their status back")
public @interface GitOpsTargetConfiguration {
    String PID = "io.modelfleet.plugin.target.gitops";

    @AttributeDefinition(description = "Target id that edges name")
    String id() default "gitops";

    @AttributeDefinition(description = "Name shown in the web console and the API; empty = derived from the repository")
    String displayName() default "";

    @AttributeDefinition(description = "Git repository: https://, ssh:// (or user@host:path), file://; http:// only "
            + "without credentials or to a loopback address. No credentials in the URL")
    String repositoryUrl();

    @AttributeDefinition(description = "Branch the desired state is committed to (created when missing)")
    String branch() default "main";

    @AttributeDefinition(description = "Folder in the repository that holds one folder per group; empty = the root")
    String basePath() default "modelfleet";

    @AttributeDefinition(description = "Edge tag whose value names an edge's group folder; edges without it go to "
            + "folder 'default'")
    String groupTag() default "cluster";

    @AttributeDefinition(description = "URL of the ModelFleet server that the cluster side downloads artifacts from")
    String serverUrl();

    @AttributeDefinition(description = "User name for HTTPS (with .token); any non-empty name for most token hosts")
    String username() default "modelfleet";

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "Password or access token for HTTPS; empty = no credentials")
    String _token() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "SSH private key (OpenSSH or PEM text; '\\n' for line breaks in a .cfg file)")
    String _sshPrivateKey() default "";

    @AttributeDefinition(description = "File holding the SSH private key (instead of .sshPrivateKey)")
    String sshPrivateKeyFile() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Passphrase of an encrypted SSH private key")
    String _sshPassphrase() default "";

    @AttributeDefinition(description = "Trusted SSH host keys, known_hosts lines (e.g. the output of ssh-keyscan); "
            + "'\\n' between lines in a .cfg file")
    String sshKnownHosts() default "";

    @AttributeDefinition(description = "known_hosts file with the trusted SSH host keys; when neither this nor "
            + "sshKnownHosts is set: ~/.ssh/known_hosts of the server's user")
    String sshKnownHostsFile() default "";

    @AttributeDefinition(description = "Author and committer name of the commits")
    String authorName() default "ModelFleet";

    @AttributeDefinition(description = "Author and committer e-mail of the commits")
    String authorEmail() default "modelfleet@localhost";

    @AttributeDefinition(description = "Times a push rejected because the branch moved is rebuilt on the new head and "
            + "tried again, before the platform is told to retry later")
    int pushRetries() default 5;

    @AttributeDefinition(description = "Seconds a connection to the repository may stay silent before it fails")
    int timeoutSeconds() default 30;

    @AttributeDefinition(description = "Local copy of the repository; empty = ${karaf.data}/modelfleet/gitops/<id>")
    String workDir() default "";

    @AttributeDefinition(description = "Hours a manifest written to the repository stays valid; a later apply of the "
            + "same deployment renews it once half of that is over")
    int manifestValidityHours() default 24 * 30;
}
