//! Running a 2026-07-28 request on its connection's own task until it says something.

use std::future::Future;
use std::pin::Pin;

use tokio::sync::mpsc;

/// A request's future, to run to its end.
pub(crate) type RequestTask = Pin<Box<dyn Future<Output = ()> + Send>>;

/// What is left of a request once the response no longer waits for it: spawned when dropped,
/// so that it runs to its end (a request still streaming, or one still running when the
/// client left, which the request's cancellation then stops).
struct Rest(Option<RequestTask>);

impl Drop for Rest {
    fn drop(&mut self) {
        if let Some(task) = self.0.take() {
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => drop(runtime.spawn(task)),
                Err(_) => tracing::debug!("no runtime to finish a request on"),
            }
        }
    }
}

/// Drives `task` here until `rx` has its first message (`None`: the request ended without
/// one); whatever is left of the task then goes on as a task of its own. Most requests send
/// one response and end within the polls that produce it, and so never cost a spawned task
/// and the wake-up that hands their response back to the connection.
pub(crate) async fn first_message(
    task: RequestTask,
    rx: &mut mpsc::Receiver<String>,
) -> Option<String> {
    let mut rest = Rest(Some(task));
    std::future::poll_fn(|cx| {
        if let Some(task) = rest.0.as_mut()
            && task.as_mut().poll(cx).is_ready()
        {
            rest.0 = None;
        }
        rx.poll_recv(cx)
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    /// A request that answers and ends runs here, to its end; one that goes on after its first
    /// message runs to its end on its own task; one whose response is dropped early too.
    #[tokio::test]
    async fn the_rest_of_a_request_runs_to_its_end() {
        let (tx, mut rx) = mpsc::channel(4);
        let ended = Arc::new(AtomicBool::new(false));
        let done = ended.clone();
        let task: RequestTask = Box::pin(async move {
            tx.send("answer".to_owned()).await.unwrap();
            done.store(true, Ordering::SeqCst);
        });
        assert_eq!(
            first_message(task, &mut rx).await.as_deref(),
            Some("answer")
        );
        assert!(ended.load(Ordering::SeqCst), "ended in the same poll");

        let (tx, mut rx) = mpsc::channel(4);
        let task: RequestTask = Box::pin(async move {
            tx.send("progress".to_owned()).await.unwrap();
            tokio::task::yield_now().await;
            tx.send("answer".to_owned()).await.unwrap();
        });
        assert_eq!(
            first_message(task, &mut rx).await.as_deref(),
            Some("progress")
        );
        assert_eq!(
            rx.recv().await.as_deref(),
            Some("answer"),
            "the rest ran on its own"
        );

        let (tx, mut rx) = mpsc::channel::<String>(4);
        let (release, wait) = tokio::sync::oneshot::channel::<()>();
        let (finished, ran) = tokio::sync::oneshot::channel();
        let task: RequestTask = Box::pin(async move {
            let _ = wait.await;
            drop(tx);
            let _ = finished.send(());
        });
        let waiting = first_message(task, &mut rx);
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(20), waiting)
                .await
                .is_err(),
            "nothing said yet"
        );
        release.send(()).unwrap();
        ran.await
            .expect("the dropped response's request still ran to its end");
    }
}
