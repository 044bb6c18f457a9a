// The releases the reference engine plays (src/storage-sim/fe/starrocks-release.ts).
export const RELEASES = ['3.1.8', '3.2.3', '3.3', '3.5', '4.0'] as const;
