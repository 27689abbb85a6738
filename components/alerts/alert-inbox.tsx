"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { AlertInboxView } from "./alert-inbox-view";

/** The signed-in user's alert inbox, refreshed every 30 s. */
export function AlertInbox() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inbox = useQuery({ ...trpc.alerts.inbox.queryOptions({ unreadOnly: false, limit: 100 }), refetchInterval: 30_000 });
  const mark = useMutation(
    trpc.alerts.markRead.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.alerts.inbox.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.alerts.unreadCount.pathKey() })]),
    }),
  );
  if (inbox.isPending) return <LoadingState />;
  if (inbox.error) return <ErrorState error={inbox.error} onRetry={() => inbox.refetch()} />;
  return (
    <>
      <AlertInboxView
        items={inbox.data.items}
        unread={inbox.data.unread}
        busy={mark.isPending}
        onMarkRead={(id) => mark.mutate({ ids: [id] })}
        onMarkAllRead={() => mark.mutate({ all: true })}
      />
      {mark.error && <p className="text-sm text-red-600">{mark.error.message}</p>}
    </>
  );
}
