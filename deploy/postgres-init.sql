-- One database per service: each service reads only its own (contract.md).
CREATE DATABASE intake;
CREATE DATABASE scoring;
CREATE DATABASE supervision;
CREATE DATABASE publicity;
CREATE DATABASE revocation;
CREATE DATABASE feed;
-- the staff console's sessions (no award data: who is signed in, their tokens encrypted)
CREATE DATABASE console;
