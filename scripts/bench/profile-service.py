#!/usr/bin/env python3
# A stand-in profile service for benchmarks: GET /api/users/{id} -> {"id","displayName","avatarUrl","bio"}
# on 127.0.0.1:PORT (argv[1]); counts the calls it answers on stderr at exit.
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

calls = 0

class Profiles(BaseHTTPRequestHandler):
    def do_GET(self):
        global calls
        if not self.path.startswith('/api/users/'):
            self.send_error(404)
            return
        calls += 1
        user = self.path[len('/api/users/'):]
        body = json.dumps({'id': user, 'displayName': 'Profile of ' + user, 'avatarUrl': None, 'bio': None}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Profiles)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
finally:
    print(f'profile service answered {calls} calls', file=sys.stderr)
