import type { UserRecord } from '../../storage/types.js';
import { isoDate } from '../format.js';

/** A user as the API shows it; never the password hash. */
export function presentUser(user: UserRecord): Record<string, unknown> {
  return {
    id: String(user.id),
    email: user.email,
    name: user.name || user.email,
    username: user.email,
    isSuperuser: user.isSuperuser,
    isActive: user.isActive,
    dateJoined: isoDate(user.dateJoined),
  };
}
