// Pages loaded when first opened: each is a chunk of its own, so the console's first load carries only the shell.
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { Progress } from './widgets';

/**
 * `load` run at most once while it succeeds or is under way: every caller shares its answer, and `loaded()` has it
 * without waiting once it came. A failure is not kept, so the next caller tries again.
 */
export function loadOnce<T>(load: () => Promise<T>): { load: () => Promise<T>; loaded: () => T | null } {
  let value: T | null = null;
  let pending: Promise<T> | null = null;
  return {
    load: () => {
      pending ??= load().then((v) => (value = v), (failure) => { pending = null; throw failure; });
      return pending;
    },
    loaded: () => value,
  };
}

/**
 * A page whose module is imported the first time it is shown (and kept): a progress bar until then. When the chunk
 * cannot be fetched, usually because the server was upgraded since this tab opened and the old build's files are
 * gone, it says so and offers to reload, which fetches the new build.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const page = loadOnce(load);
  return function LazyPage(props: P) {
    const [, setReady] = useState(false);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (page.loaded()) return;
      let live = true;
      page.load().then(() => { if (live) setReady(true); }, () => { if (live) setFailed(true); });
      return () => { live = false; };
    }, []);
    const Page = page.loaded();
    if (Page) return <Page {...props} />;
    if (failed) {
      return (
        <p class="error" role="alert" data-testid="page-load-failed">This page could not be loaded; the console may have been updated
          on the server since this tab was opened. <button type="button" onClick={() => location.reload()}>Reload the console</button></p>
      );
    }
    return <Progress />;
  };
}
