"use client";
import { useEffect } from "react";

/** Registers /sw.js in production builds (a dev server's changing bundles would fight the cache). */
export function RegisterServiceWorker() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((err) => console.warn("service worker registration failed", err));
  }, []);
  return null;
}
