"""Poll-based jobs: the reward-challenge processors and the trending scores they read.

Each tick runs every processor in order, each in its own transaction with its own checkpoints, so one that
fails is rolled back alone, recorded in job_status and retried next tick. Only the runner holding the jobs
advisory lock acts; others wait (see jobs.runner).
"""
