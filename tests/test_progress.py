"""The time-left estimate of a running Snakemake, fed Snakemake's log events."""

from __future__ import annotations

import io
import logging

import pytest

from isac.progress import UNKNOWN, TimeLeft, _duration, job_key


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def record(event: str, **fields) -> logging.LogRecord:
    rec = logging.LogRecord("snakemake", logging.INFO, __file__, 0, "", None, None)
    rec.event = event
    rec.__dict__.update(fields)
    return rec


def solve(chunk: str) -> dict[str, str]:
    return {"study": "s", "scenario": "a", "scheme": "m", "chunk": chunk}


@pytest.fixture
def handler():
    costs = {job_key("solve", solve("c0000")): 100.0, job_key("solve", solve("c0001")): 300.0,
             job_key("channels", {"study": "s", "scenario": "a", "chunk": "c0000"}): 2.0}
    return TimeLeft(costs, cores=2, stream=io.StringIO(), clock=Clock())


def test_the_estimate_follows_the_planned_costs(handler):
    clock = handler.clock
    handler.emit(record("run_info", stats={"solve": 2, "render": 1, "total": 3}))
    # nothing submitted: both solves (400 s) and a render of unknown cost, on 2 cores
    assert handler.seconds_left() == pytest.approx((400 + UNKNOWN) / 2)
    handler.emit(record("job_info", jobid=1, rule_name="solve", wildcards=solve("c0001")))
    clock.now = 100.0
    # the running 300 s solve has 200 s left, which bounds the estimate from below
    assert handler.seconds_left() == pytest.approx(max((200 + 100 + UNKNOWN) / 2, 200))
    handler.emit(record("job_finished", job_id=1))
    handler.emit(record("progress", done=1, total=3))
    assert handler.stream.getvalue() == "isac: 1 of 3 jobs done, about 51 s left on 2 cores\n"


def test_rules_without_a_plan_are_costed_by_their_finished_jobs(handler):
    clock = handler.clock
    handler.emit(record("run_info", stats={"render": 3, "total": 3}))
    for jobid, figure in ((7, "fig1"), (8, "fig2")):      # jobs told apart by every wildcard
        handler.emit(record("job_info", jobid=jobid, rule_name="render",
                            wildcards={"study": "s", "figure": figure}))
    clock.now = 8.0
    for jobid in (7, 8):
        handler.emit(record("job_finished", job_id=jobid))
    assert handler.seconds_left() == pytest.approx(1 * 8.0 / 2)


def test_other_records_are_ignored(handler):
    handler.emit(logging.LogRecord("snakemake", logging.INFO, __file__, 0, "text", None, None))
    handler.emit(record("job_finished", job_id=99))          # a job it never saw
    assert handler.seconds_left() == 0.0


def test_durations_read_naturally():
    assert [_duration(s) for s in (4, 59.4, 61, 3599, 7500)] == \
        ["4 s", "59 s", "1 min", "1 h 00 min", "2 h 05 min"]
