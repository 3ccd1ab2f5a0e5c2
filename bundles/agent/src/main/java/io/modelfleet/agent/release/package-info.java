/**
 * {@code state.properties} of agent releases ({@link io.modelfleet.agent.release.ReleaseState}), the one reader and
 * writer of that file for the agent bundle and the launcher ({@code distribution/edge-agent}).
 * <p>
 * Not exported (no {@code @Version}): inside the framework only the agent bundle uses it. The launcher runs outside
 * OSGi and links against it from its own class path ({@code lib/} holds a copy of the agent jar next to the Felix
 * framework), so this package uses the JDK and nothing else.
 */
package io.modelfleet.agent.release;
