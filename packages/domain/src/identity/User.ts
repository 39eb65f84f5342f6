export const ROLES = ["admin", "customer"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.some((role) => role === value);

export interface User {
  readonly id: number;
  readonly email: string;
  readonly phone: string | null;
  readonly role: Role;
  readonly passwordHash: string;
}

/** Who is asking: the authenticated subject of a request. */
export interface Actor {
  readonly userId: number;
  readonly role: Role;
}

export const isAdmin = (actor: Actor): boolean => actor.role === "admin";
