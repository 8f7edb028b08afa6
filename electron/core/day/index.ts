export { businessDateFor } from './business-date';
export { openDay } from './open';
export { recordMovement } from './movement';
export { closeDay } from './close';
export { dayDetail } from './detail';
export { dayOverview } from './overview';
