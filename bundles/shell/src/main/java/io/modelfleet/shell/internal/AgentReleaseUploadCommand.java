package io.modelfleet.shell.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.modelfleet.api.InvalidInputException;
import io.modelfleet.api.PayloadTooLargeException;
import io.modelfleet.api.agent.AgentRelease;
import io.modelfleet.api.agent.AgentReleaseService;

@Service
@Command(scope = "fleet", name = "agent-release-upload", description = "Stores an agent release from the server's "
        + "file system: a zip of bundle jars at its top level, optionally with a release.properties (version=, notes=)")
public class AgentReleaseUploadCommand extends FleetAction {
    @Reference
    AgentReleaseService releases;

    @Argument(index = 0, name = "file", description = "the release archive (zip)", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--version", description = "the release version (default: version= of release.properties)")
    String version;

    @Option(name = "--notes", description = "what changed (default: notes= of release.properties)")
    String notes;

    @Override
    void run() throws Exception {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(file + " is not a readable file");
        }
        long size = Files.size(path);
        if (size > AgentReleaseService.MAX_ARCHIVE_BYTES) {
            throw new PayloadTooLargeException(file + " is " + Format.bytes(size) + "; the limit is "
                    + Format.bytes(AgentReleaseService.MAX_ARCHIVE_BYTES));
        }
        System.out.println("Checking " + path.getFileName() + " (" + Format.bytes(size) + "): every entry a bundle, "
                + "hashing and storing it...");
        AgentRelease stored;
        try (InputStream in = Files.newInputStream(path)) {
            stored = releases.upload(version, notes, in, actor());
        }
        System.out.print(AgentReleaseShowCommand.describe(stored));
    }
}
