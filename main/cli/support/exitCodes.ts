/** Exit codes of every command: 0 success, 1 some work failed, 2 bad arguments. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_ARGUMENTS = 2;
