// XGBoost's C API (Debian's libxgboost-dev 1.7.x), for the Ranking target's trainer.
#include <xgboost/c_api.h>
