import { z } from 'zod';
import { LIMITS, ZId } from './common';
import { zSort } from './sort';

/** SPEC §1 roles, from widest to narrowest. */
export const ROLES = [
  'admin',
  'bureau',
  'department',
  'street',
  'community',
  'company',
  'committee',
  'volunteer',
  'resident',
] as const;
export type Role = (typeof ROLES)[number];
export const ZRole = z.enum(ROLES);

/** Roles bound to an org unit (their scope is that unit's subtree). */
export const ORG_ROLES: readonly Role[] = ['bureau', 'department', 'street', 'community', 'volunteer'];

export const ZScopeInput = z.object({
  orgUnitId: ZId.optional(),
  companyId: ZId.optional(),
  estateId: ZId.optional(),
  ownerId: ZId.optional(),
  departmentId: ZId.optional(),
});

export const ZLogin = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });

export const ZAccountCreate = z.object({
  username: z
    .string()
    .min(3)
    .max(64)
    .regex(/^[a-zA-Z0-9_.-]+$/, { message: 'err.username' }),
  displayName: z.string().min(1).max(LIMITS.name),
  password: z.string().min(8).max(200),
  role: ZRole,
  scope: ZScopeInput.default({}),
});
export type AccountCreate = z.infer<typeof ZAccountCreate>;

export const ZScope = z.object({
  orgUnitId: z.string().nullable(),
  companyId: z.string().nullable(),
  estateId: z.string().nullable(),
  ownerId: z.string().nullable(),
  departmentId: z.string().nullable(),
});

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: ZRole,
  scope: ZScope,
  disabled: z.boolean().optional(),
  createdAt: z.string().optional(),
});
export type User = z.infer<typeof ZUser>;

export const ZTokenCreate = z.object({ name: z.string().min(1).max(LIMITS.name) });

/** Fields the account list may be sorted by. */
export const ACCOUNT_SORT = ['username', 'displayName', 'role', 'createdAt'] as const;
export const ZAccountListQuery = z.object({
  role: ZRole.optional(),
  q: z.string().max(64).optional(),
  sort: zSort(ACCOUNT_SORT),
});
