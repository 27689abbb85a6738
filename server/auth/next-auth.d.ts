import type { UserRole } from "@/db/schema";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string | null; role: UserRole };
  }
  interface User {
    id: string;
    email: string;
    name: string | null;
    role: UserRole;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: UserRole;
  }
}
