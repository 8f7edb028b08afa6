export const USER_ROLES = ['operator', 'manager'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * Who may make a call: `public` needs no session (setup, login); `operator` needs any logged-in
 * user (a manager may do everything an operator does); `manager` needs a manager.
 */
export type Access = 'public' | 'operator' | 'manager';

export function roleSatisfies(role: UserRole, access: Access): boolean {
  switch (access) {
    case 'public':
    case 'operator':
      return true;
    case 'manager':
      return role === 'manager';
  }
}
