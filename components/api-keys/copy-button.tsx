"use client";
import { useState } from "react";
import { Icon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      data-testid={testId}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        } catch {
          // Clipboard access needs a secure context; the key stays selectable for manual copy.
          setCopied(false);
        }
      }}
    >
      <Icon name={copied ? "check" : "copy"} width={14} height={14} />
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}
