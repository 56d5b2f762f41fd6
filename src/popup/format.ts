// Small display helpers for the popup.

export function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || url.slice(0, 30);
  } catch {
    return url.slice(0, 30);
  }
}

export function timeAgo(time: number, now = Date.now()): string {
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(time).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function percent(score: number): string {
  return `${Math.round(Math.max(0, score) * 100)}%`;
}
