"use client";

import { useEffect, useState } from "react";

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function formatRelative(then: Date, now: number): string {
  const seconds = Math.max(0, Math.round((now - then.getTime()) / 1000));
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function RelativeTime({ value }: { value: Date | null }) {
  const now = useNow(5_000);
  if (!value) return <span className="text-slate-400">never</span>;
  return (
    <time dateTime={value.toISOString()} title={value.toLocaleString()}>
      {formatRelative(value, now)}
    </time>
  );
}
