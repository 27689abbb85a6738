import { NotFoundCard } from "@/components/shell/not-found-card";

/** A record or page that does not exist inside the signed-in app (notFound() in a page): the shell stays. */
export default function NotFound() {
  return <NotFoundCard signedIn />;
}
