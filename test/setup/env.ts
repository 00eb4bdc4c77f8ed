/**
 * In-process @salesforce/core (loaded by source-deploy-retrieve in `validate`, and by the org
 * commands) logs through a pino transport: a worker thread writing ~/.sf/sf-*.log, unless its log
 * file is off. In a test that thread writes the developer's real log folder and, at the end of
 * the run, holds the jest worker while it flushes (past jest's 500 ms exit grace on a loaded
 * machine). So core logs to memory in every test (its documented switch, SF_DISABLE_LOG_FILE).
 */
process.env.SF_DISABLE_LOG_FILE = 'true';
