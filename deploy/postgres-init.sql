-- One database per service: each service reads only its own (contract.md).
CREATE DATABASE intake;
CREATE DATABASE scoring;
CREATE DATABASE supervision;
CREATE DATABASE publicity;
CREATE DATABASE revocation;
CREATE DATABASE feed;
