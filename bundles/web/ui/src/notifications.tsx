// The header's notification bell: the latest alert events for everyone, with the caller's unread count as a badge.
// It asks every 10 s while the tab is shown and at once when it is shown or focused again; opening the list marks
// what it shows read. The rules live in alertLogic.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api';
import { alertBadgeClass, alertPath, eventText, isUnread, NOTIFICATION_POLL_MS, readRequest, unreadBadge, unreadCount, ALERT_API,
  type Notifications } from './alertLogic';
import { dateTime, relativeTime } from './format';
import { Link } from './widgets';

export function NotificationBell({ api }: { api: Api }) {
  const [data, setData] = useState<Notifications | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  // what was read when the list opened: the events above it are shown as new while it stays open
  const [seenUpTo, setSeenUpTo] = useState(0);
  // the newest id this tab marked read: the badge goes at once, and answers that crossed the mark do not bring it back
  const [readUpTo, setReadUpTo] = useState(0);
  // a mark the server refused is not sent again until the list is opened again (no loop of failing requests)
  const refused = useRef(0);
  const box = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    let live = true;
    let loading = false;
    const load = () => {
      // focus and visibilitychange come together: one request is enough
      if (loading) return;
      loading = true;
      api.get<Notifications>(ALERT_API.notifications).then((d) => { if (live) { setData(d); setError(null); } },
        (e: Error) => { if (live) setError(e.message); }).finally(() => { loading = false; });
    };
    load();
    // a hidden tab does not ask; it catches up when shown
    const timer = setInterval(() => { if (!document.hidden) load(); }, NOTIFICATION_POLL_MS);
    const onVisible = () => { if (!document.hidden) load(); };
    addEventListener('focus', load);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearInterval(timer);
      removeEventListener('focus', load);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  // while the list is open, what it shows is read, including events that arrive meanwhile
  useEffect(() => {
    if (!open || !data) return;
    const request = readRequest(data, readUpTo);
    if (!request || request.lastEventId === refused.current) return;
    const before = readUpTo;
    setReadUpTo(request.lastEventId);
    api.post(ALERT_API.read, request).catch((e: Error) => {
      refused.current = request.lastEventId;
      setReadUpTo(before);
      setError(e.message);
    });
  }, [open, data, readUpTo]);

  // Escape or a click elsewhere closes the list
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    const onDown = (e: MouseEvent) => { if (box.current && !box.current.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => { document.removeEventListener('keydown', onKey); document.removeEventListener('mousedown', onDown); };
  }, [open]);

  const unread = data ? unreadCount(data, readUpTo) : 0;
  const badge = unreadBadge(unread);
  const toggle = () => {
    if (!open && data) setSeenUpTo(Math.max(data.lastReadId, readUpTo));
    if (!open) refused.current = 0;
    setOpen(!open);
  };
  return (
    <span class="bell" ref={box}>
      <button type="button" class="secondary bell-button" data-testid="notifications-open" aria-expanded={open} aria-controls="notifications-panel"
        aria-label={badge ? `Notifications, ${unread} unread` : 'Notifications'} title="Notifications" onClick={toggle}>
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" /><path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {badge && <span class="bell-badge" data-testid="notifications-badge">{badge}</span>}
      </button>
      {open && (
        <div class="panel bell-panel" id="notifications-panel" role="region" aria-label="Notifications" data-testid="notifications-panel"
          // following a link leaves the list
          onClick={(e) => { if ((e.target as Element).closest('a')) setOpen(false); }}>
          <header class="panel-head"><h2>Notifications</h2><Link to="/alerts">All alerts</Link></header>
          {error && <p class="error" role="alert">{error}</p>}
          {!data && !error && <p class="hint">Loading…</p>}
          {data && data.events.length === 0 && <p class="hint" data-testid="notifications-empty">Nothing yet: alerts that fire, resolve or are acknowledged show here.</p>}
          {data && (
            <ol class="bell-list" data-testid="notifications-list">
              {data.events.map((e) => (
                <li class={isUnread(e, seenUpTo) ? 'unread' : ''} data-testid={`notification-${e.id}`}>
                  <Link to={alertPath(e.alertId)}>
                    <span class={alertBadgeClass(e.type)}>{e.type}</span> <strong>{e.ruleName}</strong>: {e.subjectLabel}
                  </Link>
                  <div class="hint"><span title={dateTime(e.at)}>{relativeTime(e.at)}</span> · {e.message ?? eventText(e)}</div>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </span>
  );
}
