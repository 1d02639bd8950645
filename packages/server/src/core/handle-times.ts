/**
 * How many handle times per department the estimate averages. A leaf module: the draft trims to
 * it, the loader reads that many back, and neither has to import the state module for it.
 */
export const HANDLE_TIMES_KEPT = 20;
