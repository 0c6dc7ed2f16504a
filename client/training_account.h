/* The training account: the key pair and region that `klaxon training` hands to klaxon and that
   the simulator accepts when no --credentials is given. Not a secret. Here, below both, so that
   the command line need not include the simulator's header. */
#ifndef CLIENT_TRAINING_ACCOUNT_H
#define CLIENT_TRAINING_ACCOUNT_H

#define TRAINING_ACCESS_KEY_ID     "AKIDKLAXONTRAINING"
#define TRAINING_SECRET_ACCESS_KEY "klaxon/training/secret/not/for/production"
#define TRAINING_REGION            "us-east-1"

#endif
