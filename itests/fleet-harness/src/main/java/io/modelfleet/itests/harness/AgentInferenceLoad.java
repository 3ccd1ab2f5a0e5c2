package io.modelfleet.itests.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Client threads calling agents' local inference API until closed: {@code threadsPerAgent} per agent, each sending one
 * request after another with a pause between. The caller's {@code infer} sends the request (and records what it must,
 * such as the seq of each answered inference); every answer that is not a 200, and every exception, is a failure.
 */
public final class AgentInferenceLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    public AgentInferenceLoad(List<AgentProcess> agents, int threadsPerAgent, long pauseMillis,
            Function<AgentProcess, Api.Reply> infer) {
        for (AgentProcess agent : agents) {
            for (int t = 0; t < threadsPerAgent; t++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        try {
                            Api.Reply reply = infer.apply(agent);
                            if (reply.status() != 200) {
                                failures.add(agent.name() + ": " + reply.status() + " " + reply.body());
                            }
                            Thread.sleep(pauseMillis);
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            failures.add(agent.name() + ": " + e);
                        }
                    }
                }, "load-" + agent.name() + "-" + t);
                thread.start();
                threads.add(thread);
            }
        }
    }

    /** What went wrong so far, a copy. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }
}
