#!/usr/bin/env python3
"""quarry's Dask driver: run the shard tasks of a `quarry plan` on a Dask cluster.

    python3 quarry_dask.py --scheduler tcp://HOST:8786 --job plan.json final.part

`quarry run SCRIPT --cluster tcp://HOST:8786` plans, runs this driver and finishes;
you can also run the three steps yourself:

    quarry plan q.js --store s3://bucket/events --shards auto --out plan.json
    python3 contrib/dask/quarry_dask.py --scheduler tcp://HOST:8786 --job plan.json final.part
    quarry finish plan.json final.part --format csv --out q.csv

What it does (and only this): connect to the scheduler, submit one task per plan task
that runs `quarry exec-shard` as a subprocess on a worker and returns the part's bytes
(parts travel through Dask, so workers need no shared filesystem; the store named in
the plan must be readable from every worker), submit merge tasks over contiguous ranges
of parts in task order (a tree of fan-in --fan-in), and write the root part to the
output file (temporary file + rename). Several --job pairs run as one submission.

Key slices: when the plan says "keySlices": n > 1 (quarry plan --key-slices; a groupBy
with many keys), each exec task writes its state as n key slices (exec-shard --slices
n) and n merge trees run side by side, tree k merging only slice k (merge --slice k/n),
so no merge handles every key. The n root parts are written to OUT.s0 ... OUT.s{n-1}
(the "finished" event lists them) and `quarry finish plan.json OUT.s*` combines them.

Failures:
  - exit 70 or a signal from quarry (an internal or environmental failure) raises, so
    Dask retries the task (--retries); a worker that dies is handled by the scheduler,
    which runs its tasks again elsewhere (up to distributed.scheduler.allowed-failures).
  - any other non-zero exit (1: script error, 2: usage, 3: a limit) is deterministic:
    the task returns it as a value, so Dask does not retry it, and the driver stops the
    job and exits with the same code, passing quarry's message (with the script's file
    and line) through.

Output: one JSON object per line on stdout (machine-readable progress for quarry):
  {"event":"connected","scheduler":...,"workers":N,"dask":VERSION}
  {"event":"submitted","jobs":J,"tasks":N,"merges":M}
  {"event":"started","job":J,"kind":"exec"|"merge","task":ID,"worker":ADDR,"attempt":K}
      (attempt > 1: the task runs again, after a worker was lost or a retryable failure)
  {"event":"done","job":J,"kind":...,"task":ID,"worker":ADDR,"seconds":S,"bytes":B}
  {"event":"failed","job":J,"kind":...,"task":ID,"worker":ADDR,"code":C,"retryable":true,"message":...}
  {"event":"worker-lost","worker":ADDR,"tasks":[{"job":J,"kind":...,"task":ID},...]}
      (the scheduler removed a worker, e.g. killed; the tasks it was running run again)
  {"event":"finished","job":J,"out":FILE,"bytes":B,"outs":[FILE,...]}
      (outs: the files written, one per key slice; [out] without slices)
  {"event":"error","kind":KIND,"code":C,"message":...[,"job":J,"task":ID]}
Exit status: 0 done; the task's code for a script error (1), usage (2) or limit (3);
69 scheduler unreachable or no workers; 70 a task failed after its retries;
78 this Python cannot import distributed (install python3-distributed or dask[distributed]).

Needs only the `distributed` package (Debian: python3-distributed). The task functions
live in this file and are pickled by value, so workers need quarry (the --quarry
command) but not this file.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

EXIT_UNAVAILABLE = 69
EXIT_INTERNAL = 70
EXIT_NO_DASK = 78
# quarry's exit code for an internal failure: worth running again elsewhere.
RETRYABLE_CODE = 70
# Longest quarry message passed through (its stderr tail).
MESSAGE_CHARS = 4000

_emit_lock = threading.Lock()


def emit(event, **fields):
    """One progress line on stdout (quarry reads these)."""
    line = json.dumps({"event": event, **fields}, separators=(",", ":"))
    with _emit_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


# ---------------------------------------------------------------- worker side


def _log(topic, **msg):
    """Tell the driver (through the scheduler's event log) what this worker is doing."""
    from distributed import get_worker

    worker = get_worker()
    worker.log_event(topic, {"worker": worker.address, "pid": os.getpid(), **msg})


def _run_quarry(command, args, topic, job, kind, task, plan_bytes, inputs, slices=1):
    """Run `quarry ARGS` in a fresh directory holding plan.json and the input parts.

    Returns the output part's bytes (with slices > 1: a tuple of the slices' bytes, the
    output path then holding quarry's {k}), or a dict {"quarry_fatal": ...} for a
    failure that must not be retried. Raises for a retryable one (Dask then retries).
    """
    started = time.monotonic()
    _log(topic, kind="started", job=job, task_kind=kind, task=task)
    work = tempfile.mkdtemp(prefix="quarry-task-")
    try:
        plan = os.path.join(work, "plan.json")
        with open(plan, "wb") as f:
            f.write(plan_bytes)
        names = []
        for i, part in enumerate(inputs):
            name = os.path.join(work, f"in-{i}.part")
            with open(name, "wb") as f:
                f.write(part)
            names.append(name)
        out = os.path.join(work, "out.part" if slices == 1 else "out.s{k}.part")
        argv = list(command) + [plan if x == "{plan}" else out if x == "{out}" else x for x in args] + names
        proc = subprocess.run(argv, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        code = proc.returncode
        message = (proc.stderr.decode("utf-8", "replace").strip() or proc.stdout.decode("utf-8", "replace").strip())[-MESSAGE_CHARS:]
        if code == 0:
            data = []
            for k in range(slices):
                with open(out.replace("{k}", str(k)), "rb") as f:
                    data.append(f.read())
            _log(topic, kind="done", job=job, task_kind=kind, task=task, seconds=round(time.monotonic() - started, 3), bytes=sum(len(d) for d in data))
            return data[0] if slices == 1 else tuple(data)
        retryable = code < 0 or code == RETRYABLE_CODE
        how = f"signal {-code}" if code < 0 else f"exit {code}"
        _log(topic, kind="failed", job=job, task_kind=kind, task=task, code=code, retryable=retryable, message=message)
        if retryable:
            raise RuntimeError(f"quarry {args[0]} ({kind} {task}) failed with {how}: {message}")
        return {"quarry_fatal": True, "code": code, "job": job, "task": task, "message": message}
    except FileNotFoundError as e:
        # The quarry command itself is missing on this worker: a set-up problem, not a flake.
        if e.filename == command[0]:
            return {"quarry_fatal": True, "code": 1, "job": job, "task": task, "message": f"cannot start quarry on worker: {command[0]} not found (set the worker command with --quarry or QUARRY_WORKER_COMMAND)"}
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def exec_task(plan_bytes, task, command, topic, job, slices=1):
    """One plan task: `quarry exec-shard plan.json --task ID --out PART` (--slices n: a tuple of n slices)."""
    args = ["exec-shard", "{plan}", "--task", str(task), "--out", "{out}"]
    if slices > 1:
        args += ["--slices", str(slices)]
    return _run_quarry(command, args, topic, job, "exec", task, plan_bytes, [], slices)


def pick_slice(parts, k):
    """Key slice k of an exec task's slices (a fatal failure passes through)."""
    return parts if isinstance(parts, dict) else parts[k]


def merge_task(plan_bytes, label, command, topic, job, slice_arg, *parts):
    """Merge a contiguous range of parts, given in task order: `quarry merge plan.json PART... --out PART [--slice k/n]`."""
    for p in parts:
        if isinstance(p, dict):  # a fatal failure below: pass it up, run nothing
            return p
    args = ["merge", "{plan}", "--out", "{out}"] + (["--slice", slice_arg] if slice_arg else [])
    return _run_quarry(command, args, topic, job, "merge", label, plan_bytes, parts)


def hold(value):
    """A task that holds the plan's bytes: one copy in the graph, recomputable if lost."""
    return value


# ---------------------------------------------------------------- driver side


def merge_tree(client, submit_opts, plan_f, command, topic, job, leaves, fan_in, slice_arg=None):
    """Merge tasks over contiguous ranges, in task order, fan_in parts at a time.

    `leaves` are (future, first_id, last_id) in task order; `slice_arg` "k/n": every
    merge of this tree merges key slice k of n. Returns the root and the merge futures."""
    level = leaves
    merges = []
    depth = 0
    while len(level) > 1:
        depth += 1
        nxt = []
        for i in range(0, len(level), fan_in):
            group = level[i : i + fan_in]
            if len(group) == 1:
                nxt.append(group[0])
                continue
            label = f"{group[0][1]}..{group[-1][2]}" + (f" slice {slice_arg}" if slice_arg else "")
            tag = f"-s{slice_arg.split('/')[0]}" if slice_arg else ""
            f = client.submit(merge_task, plan_f, label, command, topic, job, slice_arg, *[g[0] for g in group], key=f"quarry-merge-{topic}-{job}{tag}-{depth}-{i}", **submit_opts)
            merges.append(f)
            nxt.append((f, group[0][1], group[-1][2]))
        level = nxt
    return level[0][0], merges


def write_atomic(path, data):
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def parse_args(argv):
    p = argparse.ArgumentParser(description="Run the shard tasks of a quarry plan on a Dask cluster.", epilog="example: quarry_dask.py --scheduler tcp://10.0.0.5:8786 --job plan.json final.part")
    p.add_argument("--scheduler", required=True, help="scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--job", nargs=2, action="append", required=True, metavar=("PLAN", "OUT"), help="a plan file and where to write its final part (repeatable)")
    p.add_argument("--quarry", default='["quarry"]', help='the quarry command on the workers, as a JSON array (default: ["quarry"])')
    p.add_argument("--retries", type=int, default=3, help="times Dask re-runs a task after a retryable failure (default 3)")
    p.add_argument("--fan-in", type=int, default=8, help="parts per merge task (default 8)")
    p.add_argument("--connect-timeout", type=float, default=10, help="seconds to reach the scheduler (default 10)")
    p.add_argument("--worker-timeout", type=float, default=60, help="seconds to wait for a first worker (default 60)")
    p.add_argument("--shuffle", type=int, metavar="SEED", help="run the exec tasks in a random order (tests: completion order must not change the result)")
    a = p.parse_args(argv)
    try:
        a.quarry = json.loads(a.quarry)
        assert isinstance(a.quarry, list) and a.quarry and all(isinstance(s, str) for s in a.quarry)
    except (ValueError, AssertionError):
        p.error('--quarry must be a JSON array of strings, e.g. ["node","/opt/quarry/bin/quarry.js"]')
    if a.fan_in < 2:
        p.error("--fan-in must be at least 2")
    return a


def fail(kind, code, message, **fields):
    emit("error", kind=kind, code=code, message=message, **fields)
    return code


def main(argv):
    a = parse_args(argv)
    try:
        import distributed
        from distributed import Client
    except ImportError as e:
        return fail("no-dask", EXIT_NO_DASK, f"{sys.executable} cannot import distributed ({e}); install it: apt-get install python3-distributed, or pip install 'dask[distributed]', or point QUARRY_PYTHON at a Python that has it")

    jobs = []
    for n, (plan_file, out) in enumerate(a.job):
        try:
            with open(plan_file, "rb") as f:
                plan_bytes = f.read()
            doc = json.loads(plan_bytes)
            tasks = [t["id"] for t in doc["tasks"]]
            slices = int(doc.get("keySlices") or 1)
        except (OSError, ValueError, KeyError, TypeError) as e:
            return fail("usage", 2, f"cannot read plan {plan_file}: {e}")
        if not tasks:
            return fail("usage", 2, f"plan {plan_file} has no tasks")
        jobs.append({"n": n, "plan": plan_bytes, "tasks": tasks, "out": out, "slices": max(1, slices)})

    try:
        client = Client(a.scheduler, timeout=a.connect_timeout, set_as_default=False)
    except (OSError, TimeoutError) as e:
        return fail("unreachable", EXIT_UNAVAILABLE, f"cannot reach the Dask scheduler at {a.scheduler} within {a.connect_timeout:g} s ({e}); start one (dask-scheduler) or fix the address")
    try:
        return run(client, a, jobs, distributed.__version__)
    finally:
        client.close()


def run(client, a, jobs, version):
    workers = len(client.scheduler_info().get("workers", {}))
    emit("connected", scheduler=a.scheduler, workers=workers, dask=version)
    if workers == 0:
        try:
            client.wait_for_workers(1, timeout=a.worker_timeout)
        except (TimeoutError, OSError):
            return fail("no-workers", EXIT_UNAVAILABLE, f"the scheduler at {a.scheduler} has no workers after {a.worker_timeout:g} s; start some (dask-worker {a.scheduler})")

    topic = f"quarry-{uuid.uuid4().hex[:12]}"
    fatal = []
    wake = threading.Event()
    attempts = {}

    def on_event(event):
        _, msg = event
        key = (msg["job"], msg["task_kind"], msg["task"])
        common = {"job": msg["job"], "kind": msg["task_kind"], "task": msg["task"], "worker": msg["worker"]}
        if msg["kind"] == "started":
            attempts[key] = attempts.get(key, 0) + 1
            emit("started", **common, attempt=attempts[key], pid=msg["pid"])
        elif msg["kind"] == "done":
            emit("done", **common, seconds=msg["seconds"], bytes=msg["bytes"])
        elif msg["kind"] == "failed":
            emit("failed", **common, code=msg["code"], retryable=msg["retryable"], message=msg["message"])
            if not msg["retryable"]:
                fatal.append(msg)
                wake.set()

    client.subscribe_topic(topic, on_event)

    names = {}  # Dask key -> what it runs, to name the tasks a lost worker held

    def on_scheduler_event(event):
        _, msg = event
        if isinstance(msg, dict) and msg.get("action") == "remove-worker":
            held = [names[k] for k in sorted(msg.get("processing-tasks") or ()) if k in names]
            emit("worker-lost", worker=msg.get("worker"), tasks=held)

    # The scheduler's own events: a worker removed (it died, or left) with the tasks it was running.
    client.subscribe_topic("all", on_scheduler_event)

    submit_opts = {"retries": a.retries, "pure": False}
    roots = []
    every = []
    n_tasks = n_merges = 0
    for job in jobs:
        j = job["n"]
        plan_f = client.submit(hold, job["plan"], key=f"quarry-plan-{topic}-{j}", pure=False)
        order = list(range(len(job["tasks"])))
        if a.shuffle is not None:
            random.Random(a.shuffle + j).shuffle(order)
        # Dask runs higher priorities first: the shuffled order, or task order.
        priority = {i: len(order) - rank for rank, i in enumerate(order)}
        leaves = []
        n_slices = job["slices"]
        for i, tid in enumerate(job["tasks"]):
            f = client.submit(exec_task, plan_f, tid, a.quarry, topic, j, n_slices, key=f"quarry-exec-{topic}-{j}-{i}", priority=priority[i], **submit_opts)
            leaves.append((f, tid, tid))
            names[f.key] = {"job": j, "kind": "exec", "task": tid}
        every += [plan_f] + [f for f, _, _ in leaves]
        job_roots = []
        if n_slices == 1:
            root, merges = merge_tree(client, submit_opts, plan_f, a.quarry, topic, j, leaves, a.fan_in)
            job_roots.append(root)
        else:
            # One merge tree per key slice, side by side; each reads only its slice of every task.
            merges = []
            for k in range(n_slices):
                picked = [(client.submit(pick_slice, f, k, key=f"quarry-pick-{topic}-{j}-{i}-s{k}", pure=False), lo, hi) for i, (f, lo, hi) in enumerate(leaves)]
                every += [p for p, _, _ in picked]
                root, m = merge_tree(client, submit_opts, plan_f, a.quarry, topic, j, picked, a.fan_in, f"{k}/{n_slices}")
                job_roots.append(root)
                merges += m
        for m in merges:
            names[m.key] = {"job": j, "kind": "merge", "task": m.key}
        roots.append(job_roots)
        every += merges
        n_tasks += len(leaves)
        n_merges += len(merges)
    emit("submitted", jobs=len(jobs), tasks=n_tasks, merges=n_merges, topic=topic)

    for rs in roots:
        for r in rs:
            r.add_done_callback(lambda _f: wake.set())
    while not fatal and not all(r.done() for rs in roots for r in rs):
        wake.wait(0.5)
        wake.clear()

    if fatal:
        client.cancel(every)
        m = fatal[0]
        return fail("script" if m["code"] == 1 else "task", m["code"], m["message"], job=m["job"], task=m["task"])

    code = 0
    for job, job_roots in zip(jobs, roots):
        datas = []
        for root in job_roots:
            try:
                data = root.result()
            except Exception as e:  # retries used up, a worker lost too often, the scheduler gone
                client.cancel(every)
                return fail("task-failed", EXIT_INTERNAL, f"a task failed on the cluster after its retries: {type(e).__name__}: {e}", job=job["n"])
            if isinstance(data, dict):  # a fatal failure whose event did not arrive
                client.cancel(every)
                return fail("script" if data["code"] == 1 else "task", data["code"], data["message"], job=data["job"], task=data["task"])
            datas.append(data)
        outs = [job["out"]] if len(datas) == 1 else [f"{job['out']}.s{k}" for k in range(len(datas))]
        for out, data in zip(outs, datas):
            write_atomic(out, data)
        emit("finished", job=job["n"], out=job["out"], bytes=sum(len(d) for d in datas), outs=outs)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
