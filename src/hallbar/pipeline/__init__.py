"""The yearly build: plan, run, cache, provenance, executors, lock.

    build.py        run_build: check -> assess -> runs -> provenance -> render; clean
    plan.py         what runs and why (content-hash cache keys)
    hashing.py      content hashes of files, notebooks, data rows and the package
    runner.py       one papermill run in a worker process, committed atomically
    executors.py    where runs execute: local processes or Dask, one Executor interface
    scheduler.py    runs and renders `jobs` at a time, emitting events
    events.py       what the scheduler reports; display.py turns it into progress and a summary
    render_stage.py whether a report must be rendered, and rendering it in a worker
    provenance.py   build/<region>/<year>/provenance.json
    lock.py         one build at a time per project
"""
