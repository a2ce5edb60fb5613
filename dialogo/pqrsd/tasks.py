"""Background work of PQRSD. The periodic scheduler calls `send_deadline_alerts_task`
(or the plain function `dialogo.pqrsd.alerts.send_deadline_alerts`) once an hour or a day."""

from django_tasks import task

from dialogo.pqrsd.alerts import send_deadline_alerts


@task()
def send_deadline_alerts_task() -> int:
    return send_deadline_alerts()
