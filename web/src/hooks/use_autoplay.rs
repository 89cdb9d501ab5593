//! [`use_autoplay`]: while a build plays, dispatch `Action::Tick(n)` once per animation frame, where
//! `n` is the number of events due at the chosen speed, capped per frame so a large build never
//! freezes the tab. The frame loop stops when playing stops or the component unmounts.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{AnimationFrame, request_animation_frame};
use yew::prelude::*;

use crate::platform;
use crate::state::{Action, AppState, MAX_EVENTS_PER_TICK, Speed};

struct Pacer {
    last_ms: f64,
    due: f64,
    frame: Option<AnimationFrame>,
}

fn schedule(pacer: Rc<RefCell<Pacer>>, speed: Speed, dispatcher: UseReducerDispatcher<AppState>) {
    let next = pacer.clone();
    let frame = request_animation_frame(move |_| {
        let now = platform::monotonic_ms();
        let n = {
            let mut p = next.borrow_mut();
            let elapsed = (now - p.last_ms).clamp(0.0, 250.0);
            p.last_ms = now;
            match speed.events_per_second() {
                Some(rate) => {
                    p.due += elapsed * rate / 1000.0;
                    let n = p.due.floor();
                    p.due -= n;
                    (n as usize).min(MAX_EVENTS_PER_TICK)
                }
                None => MAX_EVENTS_PER_TICK,
            }
        };
        if n > 0 {
            dispatcher.dispatch(Action::Tick(n));
        }
        schedule(next, speed, dispatcher);
    });
    pacer.borrow_mut().frame = Some(frame);
}

/// Runs the frame loop while `active`.
#[hook]
pub fn use_autoplay(active: bool, speed: Speed, dispatcher: UseReducerDispatcher<AppState>) {
    use_effect_with((active, speed), move |&(active, speed)| {
        let pacer = Rc::new(RefCell::new(Pacer { last_ms: platform::monotonic_ms(), due: 1.0, frame: None }));
        if active {
            schedule(pacer.clone(), speed, dispatcher);
        }
        move || {
            // Dropping the pending frame cancels it; the loop ends.
            pacer.borrow_mut().frame.take();
        }
    });
}
