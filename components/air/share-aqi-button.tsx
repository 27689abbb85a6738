"use client";
/**
 * Share on the AQI card: mints a public link to the card for the day, standard and language shown
 * (`air.createShareLink`), copies it to the clipboard where the browser allows, and always shows it
 * selectable, with when it expires.
 */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import type { AqiLang, AqiStandardChoice } from "./aqi-card-view";

const T = {
  share: { en: "Share", zh: "分享" },
  sharing: { en: "Making link…", zh: "正在生成…" },
  copied: { en: "Link copied", zh: "链接已复制" },
  copy: { en: "Copy this link", zh: "复制此链接" },
  expires: { en: "expires", zh: "有效期至" },
} as const;

export function ShareAqiButton({ assetId, date, standard, lang }: { assetId: string; date: string; standard: AqiStandardChoice; lang: AqiLang }) {
  const trpc = useTRPC();
  const [copied, setCopied] = useState(false);
  const share = useMutation(
    trpc.air.createShareLink.mutationOptions({
      onSuccess: async (link) => {
        try {
          await navigator.clipboard.writeText(new URL(link.path, window.location.origin).toString());
          setCopied(true);
        } catch {
          // Clipboard access needs a secure context and permission; the link stays selectable below.
          setCopied(false);
        }
      },
    }),
  );
  const url = share.data ? new URL(share.data.path, window.location.origin).toString() : null;
  return (
    <div className="flex flex-col items-end gap-1">
      <Button size="sm" variant="secondary" disabled={share.isPending} onClick={() => share.mutate({ assetId, date: new Date(`${date}T00:00:00Z`), standard, lang })} data-testid="aqi-share">
        {share.isPending ? T.sharing[lang] : T.share[lang]}
      </Button>
      {share.isError && (
        <p role="alert" className="text-xs text-red-600" data-testid="aqi-share-error">
          {share.error.message}
        </p>
      )}
      {url && share.data && (
        <div className="flex max-w-full flex-col items-end gap-0.5 text-xs text-zinc-500">
          <span>
            {copied ? T.copied[lang] : T.copy[lang]} ({T.expires[lang]} {share.data.expiresAt.toISOString().slice(0, 10)})
          </span>
          <input
            readOnly
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            aria-label={T.copy[lang]}
            className="w-72 max-w-full rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
            data-testid="aqi-share-url"
          />
        </div>
      )}
    </div>
  );
}
