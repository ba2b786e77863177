from pgkit.live.timer import AgendaTimer, Slot, TimerState, clock_text


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


SLOTS = [Slot("a", "Welkom", 10), Slot("b", "Oefenen", 20)]


def test_start_pause_and_resume_count_only_running_time():
    clock = FakeClock()
    timer = AgendaTimer(SLOTS, clock=clock)
    assert not timer.status().started
    timer.start()
    clock.now += 120
    timer.pause()
    clock.now += 600  # paused: does not count
    assert timer.status().elapsed == 120
    timer.start()
    clock.now += 60
    assert timer.status().remaining == 10 * 60 - 180
    assert timer.status().running


def test_overrun_is_detected_and_next_block_logs_real_times():
    clock = FakeClock()
    timer = AgendaTimer(SLOTS, clock=clock)
    timer.start()
    clock.now += 11 * 60
    status = timer.status()
    assert status.overrun and status.remaining == -60
    timer.next_block()
    assert timer.status().slot == SLOTS[1] and timer.status().running
    assert timer.state.log[0]["used"] == 660 and timer.state.log[0]["end"] == clock.now
    clock.now += 60
    timer.next_block()
    assert timer.finished and timer.status().finished
    assert [e["key"] for e in timer.state.log] == ["a", "b"]


def test_state_survives_a_reload_through_a_dict():
    clock = FakeClock()
    timer = AgendaTimer(SLOTS, clock=clock)
    timer.start()
    clock.now += 90
    saved = timer.state.to_dict()
    clock.now += 30
    again = AgendaTimer(SLOTS, TimerState.from_dict(saved), clock=clock)
    assert again.status().elapsed == 120 and again.status().running


def test_next_block_while_paused_stays_paused():
    clock = FakeClock()
    timer = AgendaTimer(SLOTS, clock=clock)
    timer.start()
    timer.pause()
    timer.next_block()
    assert timer.status().index == 1 and not timer.status().running


def test_clock_text():
    assert clock_text(605) == "10:05"
    assert clock_text(-70) == "-1:10"
    assert clock_text(0.2) == "0:01"


def test_halt_pauses_and_logs_the_current_block_without_the_agenda():
    from pgkit.live.timer import halt

    now = [1000.0]
    timer = AgendaTimer([Slot("a", "A", 10), Slot("b", "B", 10)], clock=lambda: now[0])
    timer.start()
    now[0] += 90
    state = halt(timer.state.to_dict(), clock=lambda: now[0] + 30)
    assert state["running"] is False and state["since"] is None
    assert state["banked"] == 120 and state["log"][0]["used"] == 120
    again = AgendaTimer(timer.slots, state, clock=lambda: now[0] + 999)
    assert again.status().elapsed == 120  # a halted clock no longer moves
