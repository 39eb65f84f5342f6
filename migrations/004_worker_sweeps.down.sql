DROP TABLE IF EXISTS worker_sweeps;
