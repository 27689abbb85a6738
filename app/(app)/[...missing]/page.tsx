import { notFound } from "next/navigation";

/** Any path no page matches, inside the signed-in app: the shell's own 404 (../not-found.tsx). */
export default function MissingPage(): never {
  notFound();
}
