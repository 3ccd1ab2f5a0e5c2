// Formatting shared by the pages; pure so it is unit-tested.

export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function bytes(value: number | null | undefined): string {
  if (value == null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${unit === 0 ? v : v.toFixed(1)} ${units[unit]}`;
}

export interface TokenLike {
  revoked: boolean;
  expiresAt: string;
  uses: number;
  maxUses: number;
}

export function tokenStatus(token: TokenLike, now: number = Date.now()): 'REVOKED' | 'EXPIRED' | 'USED UP' | 'ACTIVE' {
  if (token.revoked) return 'REVOKED';
  if (Date.parse(token.expiresAt) <= now) return 'EXPIRED';
  if (token.uses >= token.maxUses) return 'USED UP';
  return 'ACTIVE';
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`;
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—';
}

/** The class of every badge: badge-<value in lower case, non-letters as dashes>, e.g. ROLLED_BACK → badge-rolled-back. */
export function badgeClass(value: string): string {
  return `badge badge-${value.toLowerCase().replace(/[^a-z]/g, '-')}`;
}
