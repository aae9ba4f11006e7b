/** Scenario reports: JUnit XML for CI, JSON for archives and tools, one self-contained HTML file for people. */
export { junitXml, runCaseName } from './junitXml.js';
export { jsonReport, parseJsonReport, NON_FINITE_AS_STRING } from './jsonReport.js';
export { htmlReport } from './htmlReport.js';
export { writeReports } from './writeReports.js';
export type { ReportPaths } from './writeReports.js';
