"""The cores the checks may use: the process's CPU affinity, else the machine's count."""

from __future__ import annotations

import os

import pytest

from tallycheck import cores


def test_the_affinity_counts_where_the_system_has_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {3}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert cores.available_cores() == 1


def test_without_an_affinity_the_machine_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS and Windows have no ``os.sched_getaffinity``."""
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert cores.available_cores() == 8
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # unknown: one
    assert cores.available_cores() == 1


def test_a_second_thread_pays_with_two_cores_on_data_up_to_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cores, "available_cores", lambda: 2)
    assert cores.second_thread_pays(cores.SECOND_THREAD_BYTES)
    assert not cores.second_thread_pays(cores.SECOND_THREAD_BYTES + 1)
    monkeypatch.setattr(cores, "available_cores", lambda: 1)
    assert not cores.second_thread_pays(0)
