import threading
import pytest
from django.db import connection
from everychild.access.audit import audit_record, audit_verify

def test_x(live_db):
    print(connection.settings_dict["NAME"], connection.vendor)
    barrier = threading.Barrier(8)
    errors = []
    def work():
        try:
            barrier.wait()
            for _ in range(5):
                audit_record(actor=None, action="test.append")
        except Exception as e:
            errors.append(repr(e))
        finally:
            connection.close()
    ts = [threading.Thread(target=work) for _ in range(8)]
    [t.start() for t in ts]; [t.join() for t in ts]
    print(errors)
    print(audit_verify())
